/**
 * Adds `value` to the list under `key`, in place. Setting a new copy of the list with the value at its
 * end copies it at every add: one key with n values then costs n²/2 copies (a parent of 80,000 zombies
 * took 36 s to draw as a process tree).
 */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
