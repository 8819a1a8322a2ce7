# Finished asyncio Tasks kept in a set: `scheduler.tasks` adds every task and never discards it;
# each task's result is a 16 KiB bytearray. 30 tasks. CPython 3.7+ (asyncio.run).
import asyncio

TASKS = 30


class Scheduler(object):
    def __init__(self):
        self.tasks = set()


async def job(n):
    await asyncio.sleep(0)
    return bytearray(16 * 1024)


scheduler = Scheduler()


async def main():
    for i in range(TASKS):
        scheduler.tasks.add(asyncio.ensure_future(job(i)))
    await asyncio.gather(*scheduler.tasks)


asyncio.run(main())
