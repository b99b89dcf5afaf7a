// argon2id at OWASP's minimum (m=19 MiB, t=2, p=1; ~15 ms here), with a bound on concurrent hashes so a burst
// of logins cannot take all memory and the libuv pool. Unknown accounts still cost one verification, so
// response time does not reveal whether an email is registered.
import { hash, verify, type Algorithm } from "@node-rs/argon2";

// Algorithm.Argon2id; the enum is a `const enum`, which isolated modules cannot import as a value.
const argon2id = 2 as Algorithm;
const options = { algorithm: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const maxConcurrentHashes = 4;

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.capacity) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

const slots = new Semaphore(maxConcurrentHashes);
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return slots.run(() => hash(password, options));
}

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hash("timing-equaliser-not-a-password", options);
  const target = storedHash ?? (await dummyHash);
  const matches = await slots.run(() => verify(target, password));
  return storedHash !== null && matches;
}
