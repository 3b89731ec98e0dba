import { APIRouter, File, HTTPException, type FileStorage } from 'fastify-fastapi'
import { z } from 'zod'
import { getItemImage, setItemImage } from '../crud/item-images.js'
import { getDb } from '../dependencies.js'
import { ItemPath, getItemOr404 } from './items.js'

/** The image types an item may have: checked by the file's content, not by its name or the type the client sent. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp']
/** The largest image an item may have. */
export const IMAGE_MAX_SIZE = 5 * 1024 * 1024

export const ItemImageOut = z.object({
  item_id: z.int(),
  content_type: z.string(),
  size: z.int(),
}).meta({ id: 'ItemImageOut' })

/**
 * `/items/{item_id}/image`: upload an item's image (PNG, JPEG or WebP, at most 5 MiB) and read
 * it back. The bytes go to `storage` (a folder by default, an object store in production) under
 * the storage's own random key, never the client's file name; the key is kept in the database.
 */
export function itemImagesRouter (storage: FileStorage): APIRouter {
  const router = new APIRouter({ prefix: '/items', tags: ['items'] })

  router.put('/{item_id}/image', {
    params: ItemPath,
    form: z.object({ image: File({ accept: IMAGE_TYPES, maxSize: IMAGE_MAX_SIZE }) }),
    deps: { db: getDb },
    response: ItemImageOut,
    summary: 'Upload an item\'s image',
    description: 'PNG, JPEG or WebP, at most 5 MiB, checked by its content. Replaces the image the item had.',
  }, async ({ params, form, deps, background }) => {
    await getItemOr404(deps.db, params.item_id)
    // `detectedType` is set: the field has `accept`, so the content was read and matched.
    const type = form.image.detectedType
    const stored = await form.image.save(storage)
    const replaced = await setItemImage(deps.db, params.item_id, stored)
    // Once the new key is committed (getDb commits before the answer; background tasks run after it).
    if (replaced !== undefined) background.add(() => storage.delete(replaced.key))
    return { item_id: params.item_id, content_type: type?.mime ?? stored.contentType ?? 'application/octet-stream', size: stored.size }
  })

  router.get('/{item_id}/image', {
    params: ItemPath,
    deps: { db: getDb },
    summary: 'Read an item\'s image',
    responses: { 200: { description: 'The image', content: { 'image/png': {}, 'image/jpeg': {}, 'image/webp': {} } } },
  }, async ({ params, deps, reply }) => {
    await getItemOr404(deps.db, params.item_id)
    const image = await getItemImage(deps.db, params.item_id)
    const stream = image === undefined ? null : await storage.open(image.key)
    if (image === undefined || stream === null) throw new HTTPException(404, 'Image not found')
    return reply.type(image.content_type ?? 'application/octet-stream').header('content-length', image.size).send(stream)
  })

  return router
}
