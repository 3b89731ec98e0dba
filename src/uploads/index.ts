// The uploads core: forms with files, read from multipart requests (over @fastify/multipart),
// checked by content, kept in a storage. Plain TypeScript; a plugin wires it into routes.
export { File, fileSpecOf, BYTES_MAX_SIZE, type FileOptions, type BytesOptions, type FileSpec, type FileSchema, type BytesSchema } from './file-schema.js'
export { UploadFile, type UploadFileInit, type DetectedType } from './upload-file.js'
export { compileFormPlan, checkFormPlan, type FormPlan, type FormField, type FileField, type PlainField, type CompileFormOptions, type PartsOptions } from './form-plan.js'
export { DEFAULT_UPLOAD_LIMITS, resolveUploadLimits, type UploadLimits, type UploadLimitName } from './limits.js'
export { readMultipart, type MultipartForm, type DroppedFile } from './read-multipart.js'
export { openUploadArea, lazyUploadArea, type UploadArea } from './temp-area.js'
export { LocalFolderStorage, type LocalFolderStorageOptions } from './local-storage.js'
export type { FileStorage, SaveOptions, StoredFile } from './storage.js'
export { SNIFF_BYTES } from './content-check.js'
export { formUploads, sharedFormUploads, type FormUploads } from './form-uploads.js'
