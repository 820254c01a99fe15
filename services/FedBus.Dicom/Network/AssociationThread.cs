using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace FedBus.Dicom.Network;

/// <summary>
/// A thread of its own for one association, as DCMTK's storescp has: the association's reads block on this thread, so
/// the kernel wakes it directly when bytes arrive, where an asynchronous read wakes the socket engine's thread, which
/// then wakes a pool thread (two wake-ups per PDU, each a cross-CPU interrupt on a VM). Work that continues elsewhere
/// after a truly asynchronous wait (the store, the commit before a release) comes home through <see cref="SwitchTo"/>;
/// until then the association's reads do not block (<see cref="BlockingSocketStream"/>), so no pool thread is held.
/// </summary>
internal sealed class AssociationThread
{
    private readonly BlockingCollection<Action> _work = new();
    private Thread? _thread;

    /// <summary>Whether the caller runs on this association's own thread.</summary>
    public bool IsCurrent => Thread.CurrentThread == _thread;

    /// <summary>Starts the thread, runs <paramref name="run"/> on it, and then whatever comes home, until the run ends.</summary>
    public Task Start(Func<Task> run, string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() =>
        {
            Task task;
            try
            {
                task = run();
            }
            catch (Exception ex)
            {
                task = Task.FromException(ex);
            }

            task.ContinueWith(_ => _work.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var work in _work.GetConsumingEnumerable())
            {
                work();
            }

            done.SetFromTask(task);
        })
        {
            IsBackground = true,
            Name = name,
        };
        _thread.Start();
        return done.Task;
    }

    /// <summary>Continues on the association's thread: at once when already there, else when the thread takes it.</summary>
    public SwitchAwaitable SwitchTo() => new(this);

    internal readonly struct SwitchAwaitable(AssociationThread home) : ICriticalNotifyCompletion
    {
        public SwitchAwaitable GetAwaiter() => this;

        public bool IsCompleted => home._thread is null || home.IsCurrent;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => Post(continuation);

        public void UnsafeOnCompleted(Action continuation) => Post(continuation);

        private void Post(Action continuation)
        {
            if (!home._work.TryAdd(continuation))
            {
                // The run is over (it cannot be: only the run itself comes home); carry on where we are rather than hang.
                ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
            }
        }
    }
}
