"""The chapters of the course, one module each: ``chNN_<notebook's words>.py`` defines ``CHAPTER``.

A chapter module holds what the rest of the project needs to know of its notebook (file, title, part,
its line in 00's map, its explorers as the notebook builds them) and its exercises, whose answers and
anticipated mistakes it computes with gdcore. :mod:`gdcore.course` finds the modules by their names
and lists them as :data:`gdcore.course.CHAPTERS`. The modules import no plotting library.
"""
