"""What vulture cannot see being used: names that Django, a library or Python calls by name.

`make lint` runs vulture (settings in pyproject.toml, [tool.vulture]) over the apps with this file among
its paths: a name written here counts as used. Django's conventions that have a pattern (`clean_<field>`,
`Meta` options, admin options, management commands, `ready`) are `ignore_names` there, and the names the
templates read are gathered from the templates themselves on each run (the Makefile writes them to
.cache/vulture_templates.py), so a property that no template reads any longer is reported.
What is left is listed here, each with whoever calls it. Add a name only with its caller.
"""

# ruff: noqa: B018, F821

# Model fields and choices: written and read through the ORM's keyword arguments and strings
# (filter(created_by=...), values("location"), order_by("-updated_at")), which vulture does not read.
_.location, _.function, _.why_it_matters, _.is_addition, _.created_by, _.rest_seconds  # exercises, workouts
_.increment_lb, _.decrement_lb, _.increment_kg, _.decrement_kg
_.BARBELL, _.DUMBBELL, _.CABLE, _.BODYWEIGHT  # Exercise.Equipment
_.HINGE, _.ROW, _.UPRIGHT_PULL, _.RAISE, _.VERTICAL_PULL, _.SHRUG  # Exercise.Pattern
_.ended_by, _.used_by, _.updated_at, _.source_template, _.skip_reason  # accounts, workouts
_.reopened_at, _.author, _.set_by, _.cleared_at, _.cleared_reason  # training_log
_.understood, _.file  # form fields only validated (a box to tick, an upload read from cleaned_data)
_._state.adding  # Django's "insert, not update" flag on an instance copied by clearing its pk

# Named by a dotted path in config/settings.py (MIDDLEWARE, AUTHENTICATION_BACKENDS, CACHES, AXES_*, TEMPLATES).
UserTimeZoneMiddleware, PrivatePagesMiddleware, RequestLogMiddleware
EmailConfirmationBackend, _.user_can_authenticate, _.get_user
LoginThrottle, _.get_failures, _.reset_user_attempts, client_ip  # django-axes' handler and IP callable
_.get_client, _._class  # config.cache: the RedisCacheClient hook and the class Django's RedisCache makes
_.failures  # config.cache.Breaker: calls Redis failed, read by tests/config/test_cache_outage.py
_.health_check_done  # config.views.healthz: Django's database wrapper reads it before a query (CONN_HEALTH_CHECKS)
unread_comments  # training_log.context_processors

# Called by Django or Python by name.
application  # config/wsgi.py, for gunicorn
_._get_session_auth_hash  # AbstractBaseUser.get_session_auth_hash
_.to_url, _.regex  # the <id:...> URL converter
_.label_from_instance  # ModelChoiceField
_.add_arguments  # BaseCommand, for a command's own arguments (make_secret_key)
_.readable, _.readinto  # io.RawIOBase: imports read uploads through io.BufferedReader
sender  # every signal receiver's first argument

# Reported, not yet decided (issue 22): unused in the app, used by tests only.
# Delete each line when its name is deleted or used.
compliance  # training_log/selectors/coaching.py, tests only
unread_count  # training_log/selectors/comments.py, tests only
_.every  # training_log/domain/loads.py DumbbellSetup.every, tests only
replace_versions, forget_pages  # accounts.pagecache: bench/run.py, and account deletion (helper of accounts.services)
LibraryVersion  # named by its label in accounts.versions (accounts imports no other app)

# Pure rules the lead wires into the cards after issue 23's cache work (issue 24 item 5); bench/simulate.py reads it.
check_stall  # training_log/domain/stalls.py, tests and bench/simulate.py until the cards use it
