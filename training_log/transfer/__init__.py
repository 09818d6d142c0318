"""Import and export: bringing another app's history in (formats, matching, services, importer, tasks) and
taking everything out (selectors). Its pages are in views.py, its URLs in urls.py."""
