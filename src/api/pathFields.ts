/**
 * The paths a request carries, found from its method's schema: a field made
 * with readPath or writePath is marked, and so are the arrays and objects
 * around it. Hosts check every path found here (Electron: granted; the web
 * host: contained), so a new path field cannot be forgotten.
 */
import type { z } from 'zod';
import type { PathUse } from './contract.ts';

export interface FoundPath {
  /** where it is, like "photos.3.path" */
  readonly at: string;
  readonly path: string;
  readonly use: PathUse;
}

/** A schema's zod definition, as far as this walk needs it. */
interface Definition {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
}

const definition = (schema: z.ZodType) => (schema as unknown as { def: Definition }).def;
const use = (schema: z.ZodType) => (schema.meta() as { path?: PathUse } | undefined)?.path;

/** Every marked path in `value`, checked against `schema` (parse it first: this only walks). */
export function pathsIn(schema: z.ZodType, value: unknown, at = ''): FoundPath[] {
  const marked = use(schema);
  if (marked !== undefined) return typeof value === 'string' ? [{ at, path: value, use: marked }] : [];
  const def = definition(schema);
  const join = (key: string | number) => (at === '' ? String(key) : `${at}.${key}`);
  switch (def.type) {
    case 'object':
      if (typeof value !== 'object' || value === null) return [];
      return Object.entries(def.shape!).flatMap(([key, field]) =>
        pathsIn(field, (value as Record<string, unknown>)[key], join(key)),
      );
    case 'array':
      return Array.isArray(value) ? value.flatMap((item, i) => pathsIn(def.element!, item, join(i))) : [];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return pathsIn(def.innerType!, value, at);
    case 'union':
      return def.options!.flatMap((option) => pathsIn(option, value, at));
    default:
      return [];
  }
}

/** Every field of a schema that holds a string, with its mark if it has one: for the tests. */
export function stringFields(schema: z.ZodType, at = ''): { at: string; use: PathUse | undefined }[] {
  const marked = use(schema);
  const def = definition(schema);
  const join = (key: string) => (at === '' ? key : `${at}.${key}`);
  if (marked !== undefined || def.type === 'string') return [{ at, use: marked }];
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape!).flatMap(([key, field]) => stringFields(field, join(key)));
    case 'array':
      return stringFields(def.element!, join('*'));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return stringFields(def.innerType!, at);
    case 'union':
      return def.options!.flatMap((option) => stringFields(option, at));
    default:
      return [];
  }
}
