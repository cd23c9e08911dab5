// A form with one small file, read into memory: the text fields before the file become `req.body`, and not a
// byte of the file is read until `mayReceiveFile` has found the session, the form token and the right in
// order; otherwise the reader stops and the connection is closed after the answer. Nothing is kept on disk.
// For files of a few MiB at most (a recipient list, a strategy definition); larger uploads are spooled by the
// import page's own reader.
import type { Multipart } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from '../../domain/access/index.ts';
import { isCleanFileName, noteUploadedName } from '../control-characters.ts';
import type { AuthDeps } from './deps.ts';
import { mayReceiveFile } from './multipart-guard.ts';

/** The file as received: its base name, its bytes (up to the limit) and whether it went past the limit. */
export interface MemoryUpload {
  readonly name: string;
  readonly bytes: Buffer;
  readonly tooLarge: boolean;
}

/** What the reader found: the file if one came, and whether the body could not be read as multipart. */
export interface MemoryUploadState {
  readonly upload?: MemoryUpload;
  readonly broken?: boolean;
}

export interface MemoryUploadOptions {
  /** The right the user must have for the file to be read. */
  readonly action: Action;
  /** The file input's name; a file under another name is read and dropped. */
  readonly fileField: string;
  readonly maxFileBytes: number;
  readonly maxFieldBytes: number;
  /** Said in the log when the body cannot be read, e.g. "recipient upload". */
  readonly what: string;
}

/**
 * A `preValidation` hook that reads the form, and `stateOf` to ask what it found in the handler. The state is
 * kept per request and goes with it.
 */
export function memoryUploadReader(
  deps: AuthDeps,
  o: MemoryUploadOptions,
): {
  readonly reader: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  readonly stateOf: (req: FastifyRequest) => MemoryUploadState | undefined;
} {
  const states = new WeakMap<FastifyRequest, MemoryUploadState>();
  const partOptions = {
    limits: { fileSize: o.maxFileBytes, files: 1, fields: 10, fieldSize: o.maxFieldBytes, parts: 12 },
    throwFileSizeLimit: false,
  };
  const reader = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.isMultipart()) return;
    const fields: Record<string, string> = {};
    let upload: MemoryUpload | undefined;
    let allowed: boolean | undefined;
    try {
      for await (const part of req.parts(partOptions)) {
        if (part.type === 'field') {
          if (typeof part.value === 'string' && !Object.hasOwn(fields, part.fieldname))
            fields[part.fieldname] = part.value;
          continue;
        }
        noteUploadedName(req, part.filename);
        allowed ??= await mayReceiveFile(req, reply, deps, fields, o.action);
        if (!allowed || !isCleanFileName(part.filename)) {
          part.file.destroy();
          reply.header('Connection', 'close');
          break;
        }
        const chunks: Buffer[] = [];
        for await (const c of (part as Multipart & { type: 'file' }).file) chunks.push(c as Buffer);
        if (part.fieldname !== o.fileField || upload) continue;
        const bytes = Buffer.concat(chunks);
        // A browser sends an empty, nameless part for a file field left empty.
        if (!part.filename && bytes.length === 0) continue;
        upload = { name: part.filename.split(/[\\/]/).pop() ?? '', bytes, tooLarge: part.file.truncated };
      }
      states.set(req, { upload });
    } catch (e) {
      req.log.warn({ err: e }, `${o.what} could not be read`);
      states.set(req, { upload, broken: true });
    }
    req.body = fields;
  };
  return { reader, stateOf: (req) => states.get(req) };
}
