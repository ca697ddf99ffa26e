def current_role(request):
    """The signed-in user's membership (role and TDPs), for navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"membership": None}
    return {"membership": getattr(user, "membership", None)}
