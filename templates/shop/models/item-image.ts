import type { Selectable } from 'kysely'

// The `item_images` table: the storage key of an item's image (the bytes are in a FileStorage).

export interface ItemImageTable {
  item_id: number
  /** The FileStorage's key: random, never the client's file name. */
  key: string
  size: number
  content_type: string | null
}

/** An item's image as stored. */
export type ItemImage = Selectable<ItemImageTable>
