import type { StoredFile } from 'fastify-fastapi'
import type { Db } from '../models/index.js'
import type { ItemImage } from '../models/item-image.js'

/** The item's image, or undefined when it has none. */
export async function getItemImage (db: Db, itemId: number): Promise<ItemImage | undefined> {
  return await db.selectFrom('item_images').selectAll().where('item_id', '=', itemId).executeTakeFirst()
}

/**
 * Keeps `stored` as the item's image, and returns the one it replaces (whose file the caller
 * removes once this transaction has committed). The row is locked first: two uploads for one
 * item at once each get the other's image as the one replaced, never the same one twice.
 */
export async function setItemImage (db: Db, itemId: number, stored: StoredFile): Promise<ItemImage | undefined> {
  const previous = await db.selectFrom('item_images').selectAll().where('item_id', '=', itemId).forUpdate().executeTakeFirst()
  const image = { key: stored.key, size: stored.size, content_type: stored.contentType ?? null }
  await db.insertInto('item_images').values({ item_id: itemId, ...image })
    .onConflict((conflict) => conflict.column('item_id').doUpdateSet(image))
    .execute()
  return previous
}
