// Why a refresh failed, as a code the pages word and the stored runs keep.
import { JobindsatsError } from '../sources/jobindsats/index.ts';
import {
  StatbankFormatError,
  StatbankRequestError,
  StatbankUnavailableError,
} from '../sources/statbank/index.ts';
import { UddannelsesstatistikError } from '../sources/uddannelsesstatistik/index.ts';
import { InvalidInputError } from './errors.ts';

/**
 * Why a refresh failed, as a code the pages word: the API could not be reached, it refused the request or the
 * key, its answer could not be read, or the figures were refused on import; `other` for anything else.
 */
export type RefreshFailure =
  'unreachable' | 'refused' | 'bad-key' | 'unreadable' | 'import-refused' | 'other';

export function failureReason(e: unknown): RefreshFailure {
  if (e instanceof StatbankUnavailableError) return 'unreachable';
  if (e instanceof StatbankRequestError) return 'refused';
  if (e instanceof JobindsatsError || e instanceof UddannelsesstatistikError) {
    switch (e.reason) {
      case 'unreachable':
        return 'unreachable';
      case 'no-key':
      case 'bad-key':
        return 'bad-key';
      case 'http':
      case 'bad-query':
      case 'bad-table-id':
        return 'refused';
      default:
        return 'unreadable';
    }
  }
  if (e instanceof InvalidInputError) return 'import-refused';
  if (e instanceof StatbankFormatError) return 'unreadable';
  return 'other';
}
