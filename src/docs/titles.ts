/**
 * The title pydantic gives a field, which FastAPI's docs show: Python's `str.title()` with
 * underscores as spaces. `item_id` -> "Item Id", `x-token` -> "X-Token".
 */
export function fieldTitle (name: string): string {
  let title = ''
  let afterLetter = false
  for (const character of name) {
    const isLetter = character.toLowerCase() !== character.toUpperCase()
    title += isLetter ? (afterLetter ? character.toLowerCase() : character.toUpperCase()) : character
    afterLetter = isLetter
  }
  return title.replaceAll('_', ' ')
}

/** FastAPI's summary from a handler's name: `read_items` and `readItems` -> "Read Items". */
export function wordsTitle (name: string): string {
  return fieldTitle(name.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))
}
