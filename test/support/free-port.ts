// A port nobody listens on right now, the kernel's choice on 127.0.0.1: what every test server, child process and
// the benchmark's servers bind. (The recovery drills keep their own: operator scripts do not import tests.)
import net from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
