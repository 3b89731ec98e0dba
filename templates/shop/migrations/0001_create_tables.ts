import { sql, type Kysely } from 'kysely'

// The first migration: the shop's tables. Kysely's Migrator runs each file of this folder
// once, in name order (database.ts); a change to the schema is a new file, never an edit of
// this one (Alembic's versions folder, in FastAPI projects).

// Untyped tables: a migration works on the database as it was then, not on today's `Tables`.
type AnyDatabase = Kysely<unknown>

export async function up (db: AnyDatabase): Promise<void> {
  await db.schema.createTable('items')
    .addColumn('id', 'integer', (column) => column.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('description', 'text')
    .addColumn('price', 'numeric(12, 2)', (column) => column.notNull().check(sql`price > 0`))
    .addColumn('tax', 'numeric(12, 2)', (column) => column.check(sql`tax >= 0`))
    .addColumn('tags', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('stock', 'integer', (column) => column.notNull().defaultTo(0).check(sql`stock >= 0`))
    .addColumn('supplier_cost', 'numeric(12, 2)', (column) => column.notNull().defaultTo(0))
    .execute()
  // The list's filters: `?tag=a&tag=b` is `tags @> '{a,b}'` (a GIN index answers it), a price range, in stock.
  await db.schema.createIndex('items_tags_idx').on('items').using('gin').column('tags').execute()
  await db.schema.createIndex('items_price_idx').on('items').column('price').execute()
  await db.schema.createIndex('items_in_stock_idx').on('items').column('id').where(sql.ref('stock'), '>', 0).execute()

  await db.schema.createTable('users')
    .addColumn('id', 'integer', (column) => column.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('username', 'text', (column) => column.notNull())
    .addColumn('email', 'text', (column) => column.notNull())
    .addColumn('full_name', 'text')
    .addColumn('disabled', 'boolean', (column) => column.notNull().defaultTo(false))
    .addColumn('scopes', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
    .addColumn('hashed_password', 'text', (column) => column.notNull())
    // Named, so that a sign-up that breaks one is answered with what is taken (crud/users.ts).
    .addUniqueConstraint('users_username_key', ['username'])
    .addUniqueConstraint('users_email_key', ['email'])
    .execute()

  await db.schema.createTable('orders')
    .addColumn('id', 'integer', (column) => column.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id'))
    .addColumn('total', 'numeric(12, 2)', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute()
  // "My orders", newest first or by id: one user's orders without a scan of everyone's.
  await db.schema.createIndex('orders_user_id_idx').on('orders').columns(['user_id', 'id']).execute()

  await db.schema.createTable('order_lines')
    .addColumn('order_id', 'integer', (column) => column.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('position', 'integer', (column) => column.notNull())
    .addColumn('item_id', 'integer', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('quantity', 'integer', (column) => column.notNull().check(sql`quantity > 0`))
    .addColumn('unit_price', 'numeric(12, 2)', (column) => column.notNull())
    .addPrimaryKeyConstraint('order_lines_pkey', ['order_id', 'position'])
    .execute()
}

export async function down (db: AnyDatabase): Promise<void> {
  await db.schema.dropTable('order_lines').execute()
  await db.schema.dropTable('orders').execute()
  await db.schema.dropTable('users').execute()
  await db.schema.dropTable('items').execute()
}
