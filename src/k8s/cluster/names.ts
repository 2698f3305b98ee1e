/**
 * Object names in upstream's shape.
 *
 * - ReplicaSet: `<deployment>-<pod-template-hash>`. Upstream hashes the template with FNV-32a over a deep
 *   printout of the Go struct (`controller.ComputeHash`) and encodes the decimal number with
 *   `rand.SafeEncodeString` (each digit mapped to a consonant/digit alphabet). We hash a canonical JSON of the
 *   template instead, so hashes have the right shape and are stable, but are not byte-equal to a real cluster's.
 * - Pod: `<replicaset>-<5 characters>` from that same alphabet (`utilrand.String(5)`), drawn from the seeded
 *   `names` stream.
 */
import type { RandomStream } from '../../engine/random.js';

export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `rand.SafeEncodeString`: each character's code modulo the alphabet length picks a safe character. */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** JSON with object keys sorted, so equal templates give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

export function podTemplateHash(template: unknown, collisionCount = 0): string {
  return safeEncode(String(fnv32a(canonicalJson(template) + (collisionCount ? `/${collisionCount}` : ''))));
}

export function podName(rsName: string, names: RandomStream): string {
  return `${rsName}-${names.chars(5, SAFE_ALPHABET)}`;
}
