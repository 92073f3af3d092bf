app_name = "optimade"

urlpatterns: list = []
