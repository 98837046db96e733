import fc from 'fast-check';
import { keyStep } from '@ledger/kernel';
import { anyJson, ODD_KEYS } from './arbitraries';

/**
 * Request bodies as valid documents plus mutations. A mutation with `breaks` certainly makes the
 * body invalid in that field (a 400 must name it); the others may or may not.
 */

export type Json = Record<string, unknown>;

export interface BodyMutation {
  label: string;
  breaks?: string;
  apply(body: Json): void;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The object holding the last step of a dotted path ("policy" for "policy.model"); a missing parent
 * is created, so breaking "plan.holdDays" of a body without a plan still breaks something there.
 * Undefined when a parent is there but is not an object.
 */
function parentOf(body: Json, path: string): Json | undefined {
  let target: Json = body;
  for (const step of path.split('.').slice(0, -1)) {
    if (target[step] === undefined) target[step] = {};
    if (!isObject(target[step])) return undefined;
    target = target[step] as Json;
  }
  return target;
}

const lastStep = (path: string) => path.split('.').pop()!;

export function setPath(body: Json, path: string, value: unknown): void {
  const parent = parentOf(body, path);
  if (parent) Object.defineProperty(parent, lastStep(path), { value, enumerable: true, configurable: true, writable: true });
}

export function deletePath(body: Json, path: string): void {
  const parent = parentOf(body, path);
  if (parent) delete parent[lastStep(path)];
}

/** `path` := one of `values`, certainly refused at `path`. */
export const breakWith = (path: string, values: fc.Arbitrary<unknown>): fc.Arbitrary<BodyMutation> =>
  values.map((value) => ({
    label: `${path} := ${JSON.stringify(value)?.slice(0, 60)}`,
    breaks: path,
    apply: (body: Json) => setPath(body, path, value),
  }));

export const drop = (path: string): BodyMutation => ({
  label: `drop ${path}`,
  breaks: path,
  apply: (body: Json) => deletePath(body, path),
});

/** An unknown field at the top: every request body refuses it by name. */
export const unknownField: fc.Arbitrary<BodyMutation> = fc
  .oneof(fc.constantFrom(...ODD_KEYS), fc.stringMatching(/^zz[A-Za-z]{0,6}$/))
  .map((name) => ({
    label: `add ${JSON.stringify(name)}`,
    breaks: keyStep(name),
    apply: (body: Json) => void Object.defineProperty(body, name, { value: 'x', enumerable: true, configurable: true, writable: true }),
  }));

/** Any value at any of `paths`: may leave the body valid or not. */
export const anyValueAt = (paths: string[]): fc.Arbitrary<BodyMutation> =>
  fc.tuple(fc.constantFrom(...paths), anyJson).map(([path, value]) => ({
    label: `${path} := ${JSON.stringify(value)?.slice(0, 60)}`,
    apply: (body: Json) => setPath(body, path, value),
  }));

/** A valid body and 0-2 mutations (none in about a third of the cases). */
export function mutatedBody(
  base: fc.Arbitrary<Json>,
  mutations: fc.Arbitrary<BodyMutation>,
): fc.Arbitrary<{ body: Json; mutations: BodyMutation[] }> {
  return fc
    .tuple(
      base,
      fc.oneof(
        { weight: 1, arbitrary: fc.constant([] as BodyMutation[]) },
        { weight: 2, arbitrary: fc.array(mutations, { minLength: 1, maxLength: 2 }) },
      ),
    )
    .map(([body, chosen]) => {
      // A copy after every step: a mutation inserts values fast-check shares between runs
      // (constantFrom objects), and the next one must not write into them (nor make a cycle).
      let copy = structuredClone(body);
      for (const mutation of chosen) {
        mutation.apply(copy);
        copy = structuredClone(copy);
      }
      return { body: copy, mutations: chosen };
    });
}

/** The fields a 400 must name for these mutations, or undefined when one of them leaves it open. */
export function certainlyBroken(mutations: BodyMutation[]): string[] | undefined {
  if (mutations.length === 0 || mutations.some((mutation) => mutation.breaks === undefined)) return undefined;
  return mutations.map((mutation) => mutation.breaks!);
}
