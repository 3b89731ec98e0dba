import type { Kysely } from 'kysely'

// An order is paid when the payment provider says so (routers/payments.ts, its webhook):
// `paid_at` is null until then, and set once.

type AnyDatabase = Kysely<unknown>

export async function up (db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('orders').addColumn('paid_at', 'timestamptz').execute()
}

export async function down (db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('orders').dropColumn('paid_at').execute()
}
