/** Text for an HTML page: `<`, `&` and quotes escaped. */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/** A value as JavaScript inside a `<script>`: JSON, with `<` escaped so no `</script>` ends it early. */
export function scriptValue (value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}
