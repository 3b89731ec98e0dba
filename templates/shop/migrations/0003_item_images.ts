import type { Kysely } from 'kysely'

// The third migration: where each item's image is, so that it outlives a restart. The bytes
// stay in the app's FileStorage (a folder, an object store); the row keeps the storage's key.

type AnyDatabase = Kysely<unknown>

export async function up (db: AnyDatabase): Promise<void> {
  await db.schema.createTable('item_images')
    // One image per item, gone with the item (its file is removed by the route that deletes it).
    .addColumn('item_id', 'integer', (column) => column.primaryKey().references('items.id').onDelete('cascade'))
    .addColumn('key', 'text', (column) => column.notNull())
    .addColumn('size', 'integer', (column) => column.notNull())
    .addColumn('content_type', 'text')
    .execute()
}

export async function down (db: AnyDatabase): Promise<void> {
  await db.schema.dropTable('item_images').execute()
}
