-- POSTs prepared bodies in order, one per request, to the URL given to wrk.
-- wrk -t1 -cN -dSs --latency -s wrk-post.lua <url> -- <bodies file, one per line> <start offset> <content type>
local bodies = {}
local count = 0
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    count = count + 1
    bodies[count] = line
  end
  i = tonumber(args[2]) or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = args[3]
end

function request()
  i = i + 1
  return wrk.format(nil, nil, nil, bodies[(i - 1) % count + 1])
end
