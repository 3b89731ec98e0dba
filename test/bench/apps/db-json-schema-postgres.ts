// The database group's baseline on PostgreSQL (db-json-schema.ts).
import { buildBaseline } from './db-json-schema.js'

export function build () {
  return buildBaseline('postgres')
}
