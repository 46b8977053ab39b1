import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';

/** Filled with the peer address of the socket a request went out on, once it is sent. */
export interface AddressSlot {
  readonly origin: string;
  address: string | null;
}

export interface RemoteAddressTracker {
  /** Pass the slot as `opaque` to undici `request()`; the interceptor fills it. */
  slot(url: URL): AddressSlot;
  interceptor: Dispatcher.DispatcherComposeInterceptor;
  dispose(): void;
}

const SEND_HEADERS = 'undici:client:sendHeaders';

/** Slots are registered so that an unrelated `opaque` is never mistaken for one. */
const slots = new WeakSet<object>();

function isSlot(value: unknown): value is AddressSlot {
  return typeof value === 'object' && value !== null && slots.has(value);
}

interface SendHeadersMessage {
  request: { origin?: unknown };
  socket: Socket;
}

/**
 * undici's `request()` never exposes the socket, and with keep-alive pools several sockets serve an
 * origin. Two synchronous steps happen back to back when a request is written to a socket: the
 * handler's `onRequestStart` and the `undici:client:sendHeaders` diagnostics message (which carries
 * the socket). The interceptor marks the slot in the first, the subscriber fills it in the second.
 * If undici ever changes that order the address just stays null ("not known"), nothing breaks.
 */
export function createRemoteAddressTracker(): RemoteAddressTracker {
  let pending: AddressSlot | null = null;

  const onSendHeaders = (message: unknown): void => {
    const slot = pending;
    pending = null;
    const { request, socket } = message as SendHeadersMessage;
    if (slot && request.origin === slot.origin) slot.address = socket.remoteAddress ?? null;
  };
  diagnostics.subscribe(SEND_HEADERS, onSendHeaders);

  const interceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
    // request() passes its options, `opaque` included, straight through to dispatch.
    const opaque = (options as { opaque?: unknown }).opaque;
    const slot = isSlot(opaque) ? opaque : null;
    if (slot === null) return dispatch(options, handler);
    return dispatch(options, {
      onRequestStart(controller, context) {
        pending = slot;
        // Never let a mark outlive the synchronous send it belongs to.
        queueMicrotask(() => {
          if (pending === slot) pending = null;
        });
        handler.onRequestStart?.(controller, context);
      },
      onRequestUpgrade: (controller, status, headers, socket) => handler.onRequestUpgrade?.(controller, status, headers, socket),
      onResponseStart: (controller, status, headers, message) => handler.onResponseStart?.(controller, status, headers, message),
      onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
      onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
    });
  };

  return {
    slot: (url) => {
      const slot: AddressSlot = { origin: url.origin, address: null };
      slots.add(slot);
      return slot;
    },
    interceptor,
    dispose: () => diagnostics.unsubscribe(SEND_HEADERS, onSendHeaders),
  };
}
