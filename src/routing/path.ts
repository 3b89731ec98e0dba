/**
 * Route paths in both dialects: FastAPI's `/items/{item_id}` (and `{file_path:path}` for
 * the rest of the path) and Fastify's `/items/:item_id`. Fastify's router gets its own.
 */
export interface ParsedPath {
  /** The path in Fastify's syntax. */
  url: string
  /** Param names, in order. */
  names: string[]
  /** The param that takes the rest of the path (Fastify's `*`), if any. */
  wildcard: string | undefined
  /** A `{name:converter}` whose converter is not one of Starlette's, to be refused. */
  unknownConverter: string | undefined
}

// Starlette's converters: `path` takes the rest of the path; the others only say what the
// value is, which the params schema says here (and validates).
const CONVERTERS = new Set(['path', 'str', 'int', 'float', 'uuid'])
const BRACE_PARAM = /\{([A-Za-z_$][\w$]*)(?::([^}]*))?\}/g
const COLON_PARAM = /(?<!:):([A-Za-z_$][\w$]*)/g

export function parsePath (path: string): ParsedPath {
  const names: string[] = []
  let wildcard: string | undefined
  let unknownConverter: string | undefined
  const url = path.replace(BRACE_PARAM, (whole, name: string, converter: string | undefined) => {
    names.push(name)
    if (converter !== undefined && !CONVERTERS.has(converter)) unknownConverter ??= whole
    if (converter === 'path') {
      wildcard = name
      return '*'
    }
    return `:${name}`
  })
  for (const match of path.replace(BRACE_PARAM, '').matchAll(COLON_PARAM)) names.push(match[1] as string)
  return { url, names, wildcard, unknownConverter }
}

// The param names of a path, at the type level.
//   PathParamNames<'/items/{item_id}/tags/{tag}'> => 'item_id' | 'tag'
//   PathParamNames<'/files/{file_path:path}'>     => 'file_path'
//   PathParamNames<'/users/:user_id'>             => 'user_id'
//   PathParamNames<'{$callback_url}/invoices'>    => never (a callback's runtime expression)
type BraceParamNames<Path extends string> =
  Path extends `${string}{${infer Param}}${infer Rest}`
    ? (Param extends `$${string}` ? never : Param extends `${infer Name}:${string}` ? Name : Param) | BraceParamNames<Rest>
    : never

type ColonParamNames<Path extends string> =
  Path extends `${string}:${infer Param}`
    ? Param extends `${infer Name}/${infer Rest}`
      ? CleanColonName<Name> | ColonParamNames<Rest>
      : CleanColonName<Param>
    : never

// Fastify allows a regex after the name (`:id(^\\d+$)`) and a suffix (`:file.:ext`).
type CleanColonName<Name extends string> =
  Name extends `${infer Base}(${string}` ? Base
    : Name extends `${infer Base}.${infer Rest}` ? Base | ColonParamNames<`/${Rest}`>
      : Name extends `${infer Base}-${infer Rest}` ? Base | ColonParamNames<`/${Rest}`>
        : Name

export type PathParamNames<Path extends string> =
  string extends Path ? string
    : Path extends `${string}{${string}` ? BraceParamNames<Path> | ColonParamNames<RemoveBraces<Path>>
      : ColonParamNames<Path>

type RemoveBraces<Path extends string> =
  Path extends `${infer Head}{${string}}${infer Rest}` ? `${Head}${RemoveBraces<Rest>}` : Path
