"""Where a population run's tasks run: one task per chunk, in this process or on Dask (a local cluster of
``workers`` processes, or an existing cluster at ``scheduler``)."""

from __future__ import annotations

import pandas


class Executor:
    """Runs one task per chunk, in this process or on Dask (a local cluster of ``workers`` or a ``scheduler``)."""

    def __init__(self, workers, scheduler):
        self.client = self.cluster = None
        if workers or scheduler:
            from dask.distributed import Client, LocalCluster

            if not scheduler:
                self.cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
                )
            self.client = Client(scheduler or self.cluster)
        self.placed: dict = {}
        self.tables: dict = {}
        self.warming: list = []  # the futures of :meth:`warm`

    def map(self, function, keys, arguments, progress=None, offset=0, total=None, keep_data=True):
        """``function(key, *arguments(key))`` for every key; a key's second task runs where its first one ran.
        ``keep_data``: the scattered tables stay on the workers for a second task of the same keys (else released)."""
        if self.client is None:
            out = []
            for done, key in enumerate(keys, start=1):
                out.append(function(key, *arguments(key)))
                if progress:
                    progress(offset + done, total)
            return out
        futures = self._submit(function, keys, arguments)
        self._wait(futures, progress, offset, total)
        if keep_data:
            for key, future in zip(keys, futures, strict=True):
                who = self.client.who_has(future).get(future.key) if key not in self.placed else None
                if who:
                    self.placed[key] = list(who)
        out = self.client.gather(futures)
        if not keep_data:
            for key in keys:
                self.tables.pop(key, None)
        return out

    def warm(self, function, *arguments) -> None:
        """``function(key, *arguments)`` once on every worker, started now and not waited for: the workers load the
        tax-benefit system while the driver generates the population, instead of in their first chunk."""
        if self.client is None:
            return
        self.warming = [
            self.client.submit(
                function, f"warm-{address}", *arguments, workers=[address], allow_other_workers=False, pure=False
            )
            for address in self.client.scheduler_info()["workers"]
        ]

    def _submit(self, function, keys, arguments) -> list:
        futures = []
        for key in keys:
            where = self.placed.get(key)
            # a chunk's table travels once, scattered to the worker that runs it, not inside the task graph
            args = [self._scattered(key, a, where) if isinstance(a, pandas.DataFrame) else a for a in arguments(key)]
            placement = {"workers": where, "allow_other_workers": True} if where else {}
            futures.append(
                self.client.submit(function, key, *args, pure=False, key=f"{function.__name__}-{key}", **placement)
            )
        return futures

    @staticmethod
    def _wait(futures, progress, offset, total) -> None:
        from dask.distributed import as_completed

        for done, _ in enumerate(as_completed(futures), start=1):
            if progress:
                progress(offset + done, total)

    def _scattered(self, key, table, where):
        if key not in self.tables:
            self.tables[key] = self.client.scatter(table, workers=where, hash=False)
        return self.tables[key]

    def close(self):
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
