// The shop (templates/shop) on PostgreSQL: the database group's rows (shared-shop.ts).
import { buildShop } from './shared-shop.js'

export function build () {
  return buildShop('postgres')
}
