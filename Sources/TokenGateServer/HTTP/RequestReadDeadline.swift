import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose next request has not arrived in full within `limit` of the connection opening or of
/// the previous response: a client that trickles its request in a byte at a time, or opens a connection and sends
/// nothing, cannot hold the connection (and its memory) for long.
///
/// A request only notes the time its wait began (no timer per request: scheduling and cancelling one cost about a
/// tenth of the throughput of `GET /auth/status`); one timer per connection looks at that time when it fires and
/// sets itself for the moment the current wait would run out.
final class RequestReadDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limit: TimeAmount
    /// When the wait for the current request began; `nil` while a request is being handled.
    private var waitingSince: NIODeadline?
    private var timer: Scheduled<Void>?

    init(limit: TimeAmount) {
        self.limit = limit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        waitingSince = .now()
        schedule(context, at: .now() + limit)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { waitingSince = nil }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { waitingSince = .now() }
        context.write(data, promise: promise)
    }

    private func schedule(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            let (handler, context) = bound.value
            handler.check(context)
        }
    }

    /// Closes the connection when its wait has run out; otherwise looks again when it would.
    private func check(_ context: ChannelHandlerContext) {
        guard let since = waitingSince else {
            schedule(context, at: .now() + limit)
            return
        }
        if since + limit <= .now() {
            timer = nil
            context.close(promise: nil)
        } else {
            schedule(context, at: since + limit)
        }
    }
}
