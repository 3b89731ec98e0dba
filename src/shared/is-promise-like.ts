/** Whether a value is a thenable: sync values are used as they are, never awaited. */
export function isPromiseLike (value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}
