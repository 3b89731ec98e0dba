// The sizes the scaling figures walk through, shared by the apps and scaling.ts.
export const ROUTE_COUNTS = [100, 1_000, 5_000] as const
export const DEPTHS = [1, 2, 4, 8] as const
export const RESPONSE_SIZES = [1, 100, 1_000] as const
