// The shop (templates/shop) on PGlite: the database group's rows (shared-shop.ts).
import { buildShop } from './shared-shop.js'

export function build () {
  return buildShop('pglite')
}
