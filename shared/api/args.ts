/**
 * Validation of API arguments arriving over IPC or HTTP. Every API method has a validator that turns
 * unknown input into its typed parameters or throws ArgError; main never trusts the renderer.
 */

export class ArgError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => unknown;

/** One validator per method of an API area: unknown[] in, the method's parameters out. */
export type ArgValidators<Api> = {
  [K in keyof Api]: Api[K] extends AnyFn ? (args: unknown[]) => Parameters<Api[K]> : never;
};

export function arity(args: unknown[], min: number, max: number): void {
  if (!Array.isArray(args) || args.length < min || args.length > max) {
    throw new ArgError(`expected ${min === max ? min : `${min} to ${max}`} arguments`);
  }
}

export function int(v: unknown, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ArgError(`${name} must be a whole number from ${min} to ${max}`);
  }
  return v;
}

export function optInt(v: unknown, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  return v === undefined || v === null ? undefined : int(v, name, min, max);
}

export function str(v: unknown, name: string, maxLength = 4096): string {
  if (typeof v !== 'string' || v.length > maxLength) throw new ArgError(`${name} must be a string of at most ${maxLength} characters`);
  return v;
}

export function optStr(v: unknown, name: string, maxLength = 4096): string | undefined {
  return v === undefined || v === null ? undefined : str(v, name, maxLength);
}

export function oneOf<T extends string>(v: unknown, name: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new ArgError(`${name} must be one of ${values.join(', ')}`);
  }
  return v as T;
}

export function strList(v: unknown, name: string, maxItems = 1000): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length > maxItems) throw new ArgError(`${name} must be a list of at most ${maxItems} strings`);
  return v.map((x, i) => str(x, `${name}[${i}]`));
}

export function record(v: unknown, name: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ArgError(`${name} must be an object`);
  return v as Record<string, unknown>;
}

/** Rejects keys the method does not know, so a typo is an error rather than silently ignored. */
export function onlyKeys(o: Record<string, unknown>, name: string, keys: readonly string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new ArgError(`${name}.${k} is not a known field`);
}
