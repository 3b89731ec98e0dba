/** A URL path percent-decoded, or as it is when it cannot be (`%zz`): for checks, never for routing. */
export function decodePath (path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}
