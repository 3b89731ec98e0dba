// The database group's baseline on PGlite (db-json-schema.ts).
import { buildBaseline } from './db-json-schema.js'

export function build () {
  return buildBaseline('pglite')
}
