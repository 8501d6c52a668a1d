from ninja import NinjaAPI

api = NinjaAPI(title="Mentorpath API", version="1", urls_namespace="api")
