import { APIRouter, File, HTTPException, type FileStorage, type StoredFile } from 'fastify-fastapi'
import { z } from 'zod'
import { getDb } from '../dependencies.js'
import { ItemPath, getItemOr404 } from './items.js'

/** The image types an item may have: checked by the file's content, not by its name or the type the client sent. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp']
/** The largest image an item may have. */
export const IMAGE_MAX_SIZE = 5 * 1024 * 1024

/**
 * The images of the items: the bytes in a FileStorage (a folder by default, an object store in
 * production), the key of each item's image here. The key is the storage's own (random), never
 * the client's filename.
 */
export class ItemImages {
  private readonly keys = new Map<number, StoredFile>()
  constructor (readonly storage: FileStorage) {}

  get (itemId: number): StoredFile | undefined {
    return this.keys.get(itemId)
  }

  /** Keeps `stored` as the item's image, and removes the one it replaces. */
  async set (itemId: number, stored: StoredFile): Promise<void> {
    const previous = this.keys.get(itemId)
    this.keys.set(itemId, stored)
    if (previous !== undefined) await this.storage.delete(previous.key)
  }
}

export const ItemImageOut = z.object({
  item_id: z.int(),
  content_type: z.string(),
  size: z.int(),
}).meta({ id: 'ItemImageOut' })

/** `/items/{item_id}/image`: upload an item's image (PNG, JPEG or WebP, at most 5 MiB) and read it back. */
export function itemImagesRouter (images: ItemImages): APIRouter {
  const router = new APIRouter({ prefix: '/items', tags: ['items'] })

  router.put('/{item_id}/image', {
    params: ItemPath,
    form: z.object({ image: File({ accept: IMAGE_TYPES, maxSize: IMAGE_MAX_SIZE }) }),
    deps: { db: getDb },
    response: ItemImageOut,
    summary: 'Upload an item\'s image',
    description: 'PNG, JPEG or WebP, at most 5 MiB, checked by its content. Replaces the image the item had.',
  }, async ({ params, form, deps }) => {
    await getItemOr404(deps.db, params.item_id)
    // `detectedType` is set: the field has `accept`, so the content was read and matched.
    const type = form.image.detectedType
    const stored = await form.image.save(images.storage)
    await images.set(params.item_id, stored)
    return { item_id: params.item_id, content_type: type?.mime ?? stored.contentType ?? 'application/octet-stream', size: stored.size }
  })

  router.get('/{item_id}/image', {
    params: ItemPath,
    deps: { db: getDb },
    summary: 'Read an item\'s image',
    responses: { 200: { description: 'The image', content: { 'image/png': {}, 'image/jpeg': {}, 'image/webp': {} } } },
  }, async ({ params, deps, reply }) => {
    await getItemOr404(deps.db, params.item_id)
    const image = images.get(params.item_id)
    const stream = image === undefined ? null : await images.storage.open(image.key)
    if (image === undefined || stream === null) throw new HTTPException(404, 'Image not found')
    return reply.type(image.contentType ?? 'application/octet-stream').header('content-length', image.size).send(stream)
  })

  return router
}
