import { z } from 'zod'
import { takesFiles } from '../uploads/form-plan.js'
import { isRequired } from './body-declaration.js'

/**
 * A route's or a dependency's `form`: a zod object whose keys are the form's field names.
 * Plain, it is FastAPI's individual `Form()` params (`username: str = Form()`); marked with
 * `Form(Model)`, it is a form model (`Annotated[FormData, Form()]`).
 */
export type FormDeclaration = z.core.$ZodObject

// Keyed by the schema itself, as the params models are: a model is a model wherever it is used.
const models = new WeakSet<z.core.$ZodObject>()

/**
 * Marks a zod object as FastAPI's form model (`data: Annotated[FormData, Form()]`): one object
 * for the whole form. A missing field's `input` is every field received (FastAPI validates
 * one dict of them), a `z.strictObject` refuses unknown fields with `extra_forbidden`, and the
 * docs name the body by the model's id (`.meta({ id: 'FormData' })`) rather than `Body_<operation id>`.
 *
 * @example
 * const FormData = Form(z.object({ username: z.string(), password: z.string() }).meta({ id: 'FormData' }))
 * app.api.post('/login/', { form: FormData }, ({ form }) => form)
 */
export function Form<TModel extends z.core.$ZodObject> (model: TModel): TModel {
  models.add(model)
  return model
}

/** Whether a form schema was marked as a form model with `Form(Model)`. */
export function isFormModel (schema: z.core.$ZodObject): boolean {
  return models.has(schema)
}

export const URLENCODED = 'application/x-www-form-urlencoded'
export const MULTIPART = 'multipart/form-data'

/**
 * The media type a form is documented under, as FastAPI's: urlencoded for a form of text
 * fields, `multipart/form-data` as soon as one field takes files (`File()`, `File.bytes()`,
 * a list of them). Either is read whatever the docs say.
 */
export function formMediaType (form: z.core.$ZodObject): string {
  return Object.values(form._zod.def.shape).some(takesFiles) ? MULTIPART : URLENCODED
}

// The forms of a route and its dependencies read one request body: one object of all their
// fields, made once per pair of declarations (the route's plan and its docs read the same one).
const merged = new WeakMap<z.core.$ZodObject, WeakMap<z.core.$ZodObject, z.core.$ZodObject>>()

function mergedPair (first: z.core.$ZodObject, second: z.core.$ZodObject): z.core.$ZodObject {
  const bySecond = merged.get(first) ?? new WeakMap<z.core.$ZodObject, z.core.$ZodObject>()
  merged.set(first, bySecond)
  const pair = bySecond.get(second) ?? z.object({ ...first._zod.def.shape, ...second._zod.def.shape })
  bySecond.set(second, pair)
  return pair
}

/**
 * The one form that a route's declarations (its own, then its dependencies') read together,
 * as FastAPI embeds the form fields of a route and its dependencies in one body: a single
 * declaration is itself (a model keeps its name); several are one object of all their fields.
 */
export function mergedForm (declarations: ReadonlyArray<{ form?: FormDeclaration }>): z.core.$ZodObject | undefined {
  const forms = [...new Set(declarations.flatMap((declaration) => declaration.form === undefined ? [] : [declaration.form]))]
  return forms.length === 0 ? undefined : forms.reduce(mergedPair)
}

/** A form body as the docs show it: its schema, whether a request must send it, and its media type. */
export interface DocumentedForm {
  schema: z.core.$ZodObject
  required: boolean
  mediaType: string
}

/** The form of a route and its dependencies, as the docs show it; `undefined` when none reads one. */
export function documentedForm (declarations: ReadonlyArray<{ form?: FormDeclaration }>): DocumentedForm | undefined {
  const form = mergedForm(declarations)
  if (form === undefined) return undefined
  // FastAPI requires a form model param itself (it has no default), and a body of single
  // fields when one of them is required.
  const required = isFormModel(form) || Object.values(form._zod.def.shape).some(isRequired)
  return { schema: form, required, mediaType: formMediaType(form) }
}
