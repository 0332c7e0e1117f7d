-- wrk script: GET /api/v1/candidatos/details/{codigo}, a code drawn at random per request from
-- CODES_FILE (one a line), with the bearer token in TOKEN. wrk itself reports non-2xx answers.
--   TOKEN=... CODES_FILE=codes.txt wrk -t2 -c8 -d20s -s benchmarks/wrk_details.lua http://127.0.0.1:PORT
local codes = {}
for line in io.lines(os.getenv("CODES_FILE")) do
  codes[#codes + 1] = line
end
local headers = { ["Authorization"] = "Bearer " .. os.getenv("TOKEN") }

request = function()
  local codigo = codes[math.random(#codes)]
  return wrk.format("GET", "/api/v1/candidatos/details/" .. codigo, headers)
end
