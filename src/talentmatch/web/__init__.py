"""The recruiters' web app under /app: server-rendered pages over the same services as the API.

Pages never touch the database themselves: they take sessions from the same dependencies as
the API routes and call the domain and model services. `install.include_web` adds it to an
application.
"""
