// Preloaded into a CLI process by the tests (node --import): fails the process if anything
// resolves ccxt, proving that a command loaded without it.
import module from 'node:module';

module.registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'ccxt' || specifier.startsWith('ccxt/')) {
      throw new Error('ccxt was loaded by a command that does not talk to exchanges');
    }
    return nextResolve(specifier, context);
  },
});
