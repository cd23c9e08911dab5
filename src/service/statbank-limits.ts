// The bounds on one StatBank file and its coded reasons, as the web layer (which reaches sources only through
// the service layer) needs them.
export {
  DEFAULT_STATBANK_LIMITS,
  type StatbankLimits,
  type StatbankReason,
} from '../sources/statbank/index.ts';
