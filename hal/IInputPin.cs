namespace DualReader.Hal
{
    /// <summary>Called when an input line changes level.</summary>
    /// <param name="pin">The line that changed.</param>
    /// <param name="high">The new level.</param>
    public delegate void PinChangedHandler(IInputPin pin, bool high);

    /// <summary>A digital input line, typically a chip's interrupt request output.</summary>
    public interface IInputPin
    {
        /// <summary>Raised after the line changed level. On nanoFramework it arrives on a managed thread
        /// through the event queue, never in interrupt context.</summary>
        event PinChangedHandler Changed;

        /// <summary>Reads the current level (true = high).</summary>
        bool Read();

        /// <summary>
        /// Waits until the line is at <paramref name="high"/> or until <paramref name="timeoutMicroseconds"/> has
        /// passed on the monotonic clock, whichever comes first.
        /// </summary>
        /// <returns>True when the level was reached, false on timeout.</returns>
        bool WaitForLevel(bool high, int timeoutMicroseconds);
    }
}
