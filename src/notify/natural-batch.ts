/**
 * Natural batching of one kind of call: a call made while none is on its way runs at once, alone; calls made while
 * one is on its way wait for it and then run together, as one (at most `max`). A quiet server pays no delay; a busy
 * one (a morning fan-out's deliveries) spends one round trip on many calls. `run` answers each item, in order; when
 * it throws, every call of that batch rejects with its error.
 */
export function naturalBatch<In, Out>(run: (items: readonly In[]) => Promise<readonly Out[]>, max = 200): (item: In) => Promise<Out> {
  const waiting: { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  let busy = false;

  const next = (): void => {
    const part = waiting.splice(0, max);
    if (part.length === 0) {
      busy = false;
      return;
    }
    busy = true;
    run(part.map((w) => w.item))
      .then(
        (outs) => part.forEach((w, i) => w.resolve(outs[i] as Out)),
        (error: unknown) => part.forEach((w) => w.reject(error)),
      )
      .finally(next);
  };

  return (item: In): Promise<Out> =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!busy) next();
    });
}
