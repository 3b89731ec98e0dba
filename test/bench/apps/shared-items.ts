// The list every app returns on GET /items-list: 100 stored items, each with a field the
// response model must strip (fastapi_python.py builds the same list).
export interface StoredItem { id: number, name: string, price: number, tags: string[], secret: string }

export const STORED_ITEMS: StoredItem[] = Array.from({ length: 100 }, (_, i) => ({
  id: i, name: `item ${i}`, price: i + 0.5, tags: ['tools', 'garden'], secret: 'hidden',
}))

/** `count` stored items, for the response-size scaling figures. */
export function storedItems (count: number): StoredItem[] {
  return Array.from({ length: count }, (_, i) => ({ id: i, name: `item ${i}`, price: i + 0.5, tags: ['tools', 'garden'], secret: 'hidden' }))
}
