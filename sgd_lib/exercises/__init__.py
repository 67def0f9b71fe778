"""Exercises that check themselves.

Every notebook ends with a few short exercises. Each exercise has an id ``"NN.K"``
(notebook ``NN``, task ``K``) and one check function ``check_NN_K`` in this module:

>>> from sgd_lib.exercises import check_07_1
>>> answer = None  # your code here
>>> check_07_1(answer)
Not answered yet: put your answer in `answer` (instead of None) and run this cell again.

A check prints exactly one line and returns None (so a notebook stores nothing else):

- ``Not answered yet: ...`` while the answer is the placeholder ``None`` (or ``...``);
- ``Correct: ...`` when the answer is right, within a tolerance;
- ``Not quite: ...`` with a hint otherwise. A hint says where to look, never what the
  expected value is (no number from which it could be read off).

How an exercise is written (follow this for every notebook)
-----------------------------------------------------------
1. In this module, write a *judge*: a function of the learner's answer that returns
   :func:`correct` or :func:`wrong`, and register it with the :func:`exercise`
   decorator under its id. The decorator turns it into the public ``check_NN_K``
   (it handles the placeholder, turns an answer of the wrong kind into a hint, and
   prints the one line)::

       @exercise("03.1")
       def check_03_1(answer):
           \"\"\"Exercise 03.1: the MSE of the line w = 100, b = -1683 on the original data (a number).\"\"\"
           x, y = make_original_data()
           expected = mean_squared_error(y, 100 * x - 1683)
           return judge_number(answer, expected, rtol=0.01,
                               hint="predict with w * x + b, then average the squared errors",
                               praise="that is the MSE of that line")

2. Compute the expected answer with ``sgd_lib`` inside the judge. Never type in a
   number that the library can compute, so a change of the library cannot leave a
   stale answer behind.
3. Convert the answer with :func:`as_number`, :func:`as_integer` or :func:`as_vector`
   (or let :func:`judge_number`, :func:`judge_integer` and :func:`judge_vector` do it):
   they raise :class:`AnswerError` with a readable sentence when the answer is of the
   wrong kind (a string, a list of the wrong length, ...).
4. Compare with a tolerance. For common mistakes (a forgotten factor 2, the raw data
   instead of the standardized data) pass ``mistakes=[(value, hint), ...]``: an answer
   close to ``value`` gets that specific hint. Hints must not contain the expected
   value, nor numbers from which it follows at once.
5. In the notebook's "Exercises" section, give each task a markdown cell and one code
   cell ``answer = None  # your code here`` followed by ``check_NN_K(answer)``; the
   stored output is the "Not answered yet" line.
6. Put a worked solution in ``notebooks/solutions/NN_name_solutions.ipynb`` (its check
   cells print "Correct: ..."), and add the exercise to ``SOLUTIONS`` in
   ``tests/test_exercises.py``: a function that computes the right answer the way the
   solution does, and a wrong answer. The tests fail for any registered exercise
   without them.

Exercises in which the learner writes a function
------------------------------------------------
Every notebook from 01 on has one: the learner writes a short function (a standardizer, a
gradient, one SGD step, ...) and the check runs it. Describe the task with a
:class:`FunctionTask`: the right function, the calls to make, how to read a result, and the
common :class:`Mistake` s, each a function that makes exactly that mistake, with the hint that
names it. Register it with :func:`function_exercise`::

    TASK = FunctionTask(reference=right_step, cases=({"theta": ..., "lr": 0.1},), read=read_vector,
                        mistakes=(Mistake("uphill", uphill_step, "you stepped along the gradient ..."),))
    check_04_4 = function_exercise("04.4", TASK, name="sgd_step", doc="...", praise="...", hint="...")

The learner's function is called on copies of each case; a result that matches a mistake's
gets that mistake's hint, so the learner is told which mistake they made. ``tests/`` checks
that every mistake is recognised by its own hint and differs from the right function.

:data:`EXERCISES` maps every id to its check function, in the order registered, and
:data:`FUNCTION_TASKS` the function exercises to their tasks.
"""

from __future__ import annotations

from . import nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08, nb09, nb10  # noqa: F401  (registers the checks)
from ._framework import (
    EXERCISES,
    FUNCTION_TASKS,
    NOT_ANSWERED,
    AnswerError,
    FunctionTask,
    Mistake,
    Verdict,
    as_integer,
    as_number,
    as_vector,
    call_learner,
    correct,
    exercise,
    feedback,
    function_exercise,
    is_close,
    judge_function,
    judge_integer,
    judge_number,
    judge_vector,
    wrong,
)

globals().update({check.__name__: check for check in EXERCISES.values()})

#: The check functions, by the names the notebooks import, and the framework's public names.
__all__ = sorted(check.__name__ for check in EXERCISES.values()) + [
    "EXERCISES",
    "FUNCTION_TASKS",
    "NOT_ANSWERED",
    "AnswerError",
    "FunctionTask",
    "Mistake",
    "Verdict",
    "as_integer",
    "as_number",
    "as_vector",
    "call_learner",
    "correct",
    "exercise",
    "feedback",
    "function_exercise",
    "is_close",
    "judge_function",
    "judge_integer",
    "judge_number",
    "judge_vector",
    "wrong",
]
