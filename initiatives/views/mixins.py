from django.http import Http404

from initiatives.models import Initiative
from initiatives.selectors.initiatives import initiative_page


class InitiativeObjectMixin:
    """The initiative of the URL among those the user may see (others are not found), read once."""

    def get_initiative(self) -> Initiative:
        if not hasattr(self, "_initiative"):
            try:
                self._initiative = initiative_page(user=self.request.user, pk=self.kwargs["pk"])
            except Initiative.DoesNotExist:
                raise Http404 from None
        return self._initiative

    def get_permission_object(self):
        return self.get_initiative()
