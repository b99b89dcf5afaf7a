// IPv4 CIDR arithmetic for the subnet plan. Pure and total: malformed input yields a message, never a throw.
export interface Ipv4Block {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

const cidrPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function parseCidr(text: string): Ipv4Block | string {
  const match = cidrPattern.exec(text);
  if (!match) return `${JSON.stringify(text)} is not an IPv4 CIDR block like 10.0.0.0/16`;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255)) return `${JSON.stringify(text)} has an octet above 255`;
  if (prefix > 32) return `${JSON.stringify(text)} has a prefix above /32`;
  const base = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  if (base % blockSize(prefix) !== 0) {
    return `${JSON.stringify(text)} is not aligned: the network address for /${prefix} is ${formatCidr({ base: base - (base % blockSize(prefix)), prefix })}`;
  }
  return { base, prefix };
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function formatCidr(block: Ipv4Block): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(block.base / 2 ** shift) % 256);
  return `${octets.join(".")}/${block.prefix}`;
}

/** The `index`-th block of size `/newPrefix` inside `parent`. */
export function subdivide(parent: Ipv4Block, newPrefix: number, index: number): Ipv4Block {
  if (newPrefix < parent.prefix || newPrefix > 32)
    throw new RangeError(`cannot cut /${newPrefix} out of /${parent.prefix}`);
  const count = 2 ** (newPrefix - parent.prefix);
  if (!Number.isInteger(index) || index < 0 || index >= count)
    throw new RangeError(`block ${index} is outside the ${count} /${newPrefix} blocks of ${formatCidr(parent)}`);
  return { base: parent.base + index * blockSize(newPrefix), prefix: newPrefix };
}

export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.base >= outer.base &&
    inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix)
  );
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}
