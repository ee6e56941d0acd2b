# Builds an HS256 ETpay-style notification JWT with no JWT library (hmac + base64 only), so the
# TypeScript verifier is checked against a token produced entirely outside paywire and jose.
# Regenerate with:  python3 make_python_jwt.py > python-hs256.json
import base64, hashlib, hmac, json

def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

signature_token = "py-signature-token-9f2c4e1a7b3d"
claims = {
    "session_token": "pySession0001",
    "payment_status": "success",
    "payment_token": "pyPayment0001",
    "user_rut": "11111111-1",
    "iat": 1767225600,
}
header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
signing_input = f"{header}.{payload}".encode("ascii")
signature = b64url(hmac.new(signature_token.encode(), signing_input, hashlib.sha256).digest())
print(json.dumps({
    "command": "python3 make_python_jwt.py > python-hs256.json",
    "signatureToken": signature_token,
    "claims": claims,
    "jwt": f"{header}.{payload}.{signature}",
}, indent=2))
