from households.access import abilities, membership_of


def current_role(request):
    """The signed-in user's membership (role and TDPs) and what the navigation may offer them
    (`can.review`, `can.setup`, … from households.access.NAVIGATION)."""
    user = getattr(request, "user", None)
    return {"membership": membership_of(user), "can": abilities(user)}
