/**
 * Preloaded (`node --import`) into the server processes the benchmark starts: a listen() that
 * names no host binds 127.0.0.1 instead of every interface, so nothing the benchmark starts is
 * reachable from outside the machine. The app itself has no HOST setting (it binds all
 * interfaces); this changes nothing else.
 */
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  } else if (first && typeof first === 'object' && !('fd' in first) && !('path' in first) && first.host === undefined) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
