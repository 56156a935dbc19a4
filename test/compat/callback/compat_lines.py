# A stdout callback for the differential harness: one JSON line per task result (per item for
# loops, as play reports them) and one line for the recap. ansible-core ships no JSON callback.
from __future__ import annotations

import json

from ansible.parsing.ajson import AnsibleJSONEncoder
from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: compat_lines
type: stdout
short_description: JSON Lines for play's differential harness
description: One line per task result and one recap line.
'''


INCLUDES = ('include_tasks', 'include_role', 'include', 'import_tasks', 'import_role')


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'compat_lines'

    def _line(self, obj):
        self._display.display(json.dumps(obj, cls=AnsibleJSONEncoder, sort_keys=True))

    def _emit(self, result, status, item=False):
        task = result._task
        # play reports what an include runs, not the include itself
        if task.action.split('.')[-1] in INCLUDES:
            return
        role = task._role.get_name() if task._role else None
        res = dict(result._result)
        res.pop('invocation', None)
        self._line({
            'event': 'result',
            'task': task.get_name(),
            'role': role,
            'action': task.action,
            'host': result._host.get_name(),
            'status': status,
            'item': res.get(res.get('ansible_loop_var', 'item')) if item else None,
            'result': res,
        })

    def _aggregate(self, result, status):
        # a loop's summary after its per-item callbacks: only an empty loop has nothing else to show
        if isinstance(result._result.get('results'), list) and result._result['results']:
            return
        # a no_log loop's summary is censored (its results hidden), yet its items were reported
        task = result._task
        if 'censored' in result._result and (task.loop is not None or task.loop_with) and not result._result.get('skipped'):
            return
        self._emit(result, status)

    def v2_runner_on_ok(self, result):
        self._aggregate(result, 'changed' if result._result.get('changed') else 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._aggregate(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._aggregate(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._emit(result, 'unreachable')

    def v2_runner_item_on_ok(self, result):
        self._emit(result, 'changed' if result._result.get('changed') else 'ok', True)

    def v2_runner_item_on_failed(self, result):
        self._emit(result, 'failed', True)

    def v2_runner_item_on_skipped(self, result):
        self._emit(result, 'skipped', True)

    def v2_playbook_on_stats(self, stats):
        hosts = {}
        for h in sorted(stats.processed.keys()):
            s = stats.summarize(h)
            hosts[h] = {'ok': s['ok'], 'changed': s['changed'], 'unreachable': s['unreachable'], 'failed': s['failures'],
                        'skipped': s['skipped'], 'rescued': s['rescued'], 'ignored': s['ignored']}
        self._line({'event': 'recap', 'hosts': hosts})
