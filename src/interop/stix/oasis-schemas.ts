/**
 * Validation against the official OASIS STIX 2.1 JSON schemas, for tests. The schemas are read at
 * run time from a folder beside the project (they are not ours to copy in); each object is checked
 * by its `type`, one by one, because the bundle schema's `oneOf` lacks some types (`incident`).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { StixObject } from './types.ts';

/** Where the schemas live beside the project: `../shared/stix2-json-schemas/schemas`. */
export const OASIS_SCHEMAS_DIR = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../shared/stix2-json-schemas/schemas',
);

const FOLDERS = ['common', 'sdos', 'sros', 'observables'] as const;

export interface OasisValidator {
  /** Problems of one object, each `type id: path message`; empty when it validates. */
  validate(object: StixObject): string[];
}

/** Null when the folder is missing; otherwise a validator over every schema in it. */
export function loadOasisValidator(schemasDir: string): OasisValidator | null {
  if (!existsSync(join(schemasDir, 'sdos'))) return null;
  // The schemas use escapes JavaScript's `u` flag rejects; formats ajv-formats lacks are checked
  // by the schemas' own patterns where they matter.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  ajv.addFormat('idn-hostname', true).addFormat('idn-email', true);
  const byType = new Map<string, string>();
  for (const folder of FOLDERS) {
    for (const file of readdirSync(join(schemasDir, folder)).filter((f) => f.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(join(schemasDir, folder, file), 'utf8')) as { $id: string };
      ajv.addSchema(schema);
      if (folder !== 'common' || file === 'marking-definition.json' || file === 'extension-definition.json')
        byType.set(file.replace(/\.json$/, ''), schema.$id);
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (type: string): ValidateFunction | null => {
    const id = byType.get(type);
    if (!id) return null;
    let fn = compiled.get(id);
    if (!fn) {
      fn = ajv.getSchema(id)!;
      compiled.set(id, fn);
    }
    return fn;
  };
  return {
    validate(object) {
      const fn = validatorFor(object.type);
      if (!fn) return [`${object.type} ${object.id}: no OASIS schema for this type`];
      // ajv's validator is a type guard: give it an alias so `object` keeps its type for the messages below.
      const subject: unknown = object;
      if (fn(subject)) return [];
      return (fn.errors ?? []).map(
        (e) => `${object.type} ${object.id}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
      );
    },
  };
}
